"""Reports that compose several apps (strategy, delivery, metrics): the web layer's job."""
