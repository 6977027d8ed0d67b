"""Sprints, the board, impediments, reviews, retrospectives, releases and their launches."""
