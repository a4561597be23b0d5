"""The Textual face of kzreader.  Only this package imports Textual."""
