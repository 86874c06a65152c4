"""Everything Qt that both apps share: the Qt facade (``common_qt.qt``), background work,
device bridges, touch widgets, theming and resource lookup. Imports core only."""
