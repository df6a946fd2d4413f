"""Getting the ticket onto paper: the printer interface, ESC/POS and OS printers, and the print queue."""
