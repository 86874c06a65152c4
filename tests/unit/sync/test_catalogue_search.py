def test_search_sees_an_update_made_through_another_connection(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The kiosk searches on its own connection while the sync worker applies updates."""
    from dataclasses import replace

    from sync.catalogue import CatalogueStore
    from tests.helpers.samples import simple_item

    path = tmp_path / "c.sqlite"
    item = simple_item()
    with CatalogueStore(path) as kiosk, CatalogueStore(path) as worker:
        worker.replace_all([item], version="v1")
        assert kiosk.search("身份证")[0].name == "居民身份证申领"
        worker.upsert([replace(item, name="居民身份证申领（含异地）")], version="v2")
        assert kiosk.search("身份证")[0].name == "居民身份证申领（含异地）"
