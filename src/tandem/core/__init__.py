"""Pure domain algorithms; no Django import."""
