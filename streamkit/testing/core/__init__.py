"""What every simulated cloud shares: HTTP serving, the clock, signatures and faults."""
