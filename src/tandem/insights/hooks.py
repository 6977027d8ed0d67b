"""What this app plugs into the apps below it (see tandem.backlog.extensions)."""
