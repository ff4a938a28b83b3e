"""Scrapy crawling, adapters, extraction and media."""
