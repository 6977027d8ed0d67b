"""The web face: layout, navigation, role home pages and the backlog screens."""
