"""电子证照 (e-licences) in place of paper: the licence identifier of GB/T 36904 and its check
(:mod:`core.elicence.identifier`), and the rules of using a holder's licences for an item —
only with the holder's authorisation, only the licence types the item's materials name, never
an expired or revoked one (:mod:`core.elicence.licences`). Paper stays possible: a licence
never is the only way to provide a material."""
