# Dates as Indonesian offices write them, dd/mm/yyyy, whatever the browser's locale; ISO
# (yyyy-mm-dd) is also read, as files and older links carry it.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H.i"
SHORT_DATETIME_FORMAT = "d/m/Y H.i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
FIRST_DAY_OF_WEEK = 1  # Monday
