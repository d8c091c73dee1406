"""Glue between work orders and stock: switched on by itself when both are on."""
