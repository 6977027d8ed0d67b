"""The Product Manager's records: vision, objectives, initiatives, market, decisions, costs."""
