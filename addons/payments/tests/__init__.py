"""Tests of the payments addon."""
