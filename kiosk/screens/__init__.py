"""The kiosk's screens: one QWidget per step a visitor sees, and the building blocks they share."""
