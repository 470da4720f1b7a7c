"""The public transparency pages at /publik/ (no login): what the regulation says is published."""
