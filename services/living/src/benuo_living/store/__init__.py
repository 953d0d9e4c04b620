"""Reading and writing the living service's tables; every change emits its event here."""
