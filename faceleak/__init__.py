"""faceleak: find face data offered for sale before analysts would."""

__version__ = "0.1.0"
