"""Returnable deposits (leeggoed): deposit articles, deposit lines, returned empties."""
