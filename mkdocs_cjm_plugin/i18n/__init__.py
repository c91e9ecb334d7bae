"""Words and formats for people: label texts in English and German (`texts`, plain data
that any layer may read) and number and date formatting with Babel (`labels`)."""
