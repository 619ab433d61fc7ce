package main

import "flag"

// customerOptions are the settings of the customer-activity benchmark.
type customerOptions struct {
	enabled   bool
	customers int
	followUps int
	// dataDir reuses a directory `frontline demo` generated before,
	// instead of generating one; the create benchmark adds to it.
	dataDir string
	// requests is the measured reads per endpoint; a tenth of it more
	// warms up.
	requests int
	// listRequests is the same for the filtered lists, which may walk
	// every customer.
	listRequests int
	// serviceCustomers is the size of the small data set the in-process
	// service-layer create runs on.
	serviceCustomers int
}

func (c *customerOptions) register(fs *flag.FlagSet) {
	fs.BoolVar(&c.enabled, "customer-bench", true,
		"run the customer-activity benchmark (generates demo data: minutes at full scale)")
	fs.IntVar(&c.customers, "customers", 100000, "customers to generate for the customer benchmark")
	fs.IntVar(&c.followUps, "followups", 1000000, "follow-ups to generate for the customer benchmark")
	fs.StringVar(&c.dataDir, "customer-data", "",
		"reuse DIR, made by frontline demo --seed 1, instead of generating "+
			"(the create benchmark adds follow-ups to it)")
	fs.IntVar(&c.requests, "customer-requests", 5000, "measured requests per customer read endpoint")
	fs.IntVar(&c.listRequests, "customer-list-requests", 200,
		"measured requests per filtered customer list (each may walk every customer)")
	fs.IntVar(&c.serviceCustomers, "service-customers", 1000,
		"customers of the small data set the in-process service create runs on")
}
