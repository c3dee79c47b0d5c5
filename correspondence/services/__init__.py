"""Writes of the correspondence app: e-mail intake, the known office addresses, the letters."""
