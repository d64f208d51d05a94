"""Tests of the pictures: maps, timeline and the shipped borders."""
