"""The hall's documents: what a terminal prints (receipts, notices, the consent slip, the
transfer list, guides) as data — their wording and order, never their bytes."""
