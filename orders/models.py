# Orders, shipments, payments and invoices arrive with issue 5.
