"""Event-sourced invoicing of tracked time and expenses: the domain and its use cases."""
