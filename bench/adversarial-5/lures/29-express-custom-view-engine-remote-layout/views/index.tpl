<h1>Invoices</h1>
