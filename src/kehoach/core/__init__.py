"""Pure logic: models, plan loading, the ledger and the progress maths. Nothing here prints."""
