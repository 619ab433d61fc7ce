package customer

import (
	"github.com/frontline-crm/frontline/app/store"
)

// Customer indexes, all written with the record in one transaction:
//
//	uniq/customer/credit_code/<code>         → id
//	idx/customer/owner/<owner or "-">/<id>   owner's customers; "-" is the pool
//	idx/customer/region/<region>/<id>        a region's customers
//	idx/customer/status/<status>/<id>        for settings checks and filters
//	idx/customer/phone/<phone>/<id>          duplicate warnings
//	idx/customer/name/<region>/<name key>/<id> near-identical names
//	idx/customer/flagged/1/<id>              customers with an open conflict
//	idx/customer/touch/<level>|<status>|<last touch>/<id> owned ones, for the pool
//
// Archived customers keep only their record and credit-code claim, so they
// drop out of every list but still block a duplicate code.
func customerIndexes(c Customer) [][2]string {
	if c.Archived {
		return nil
	}
	owner := c.OwnerID
	if owner == "" {
		owner = "-"
	}
	out := [][2]string{{"owner", owner}, {"region", c.RegionID}, {"status", c.Status}}
	if c.Phone != "" {
		out = append(out, [2]string{"phone", c.Phone})
	}
	if c.Flagged {
		out = append(out, [2]string{"flagged", "1"})
	}
	out = append(out, touchIndex(c)...)
	return append(out, [2]string{"name", c.RegionID + "|" + nameKey(c.Name)})
}

// putCustomer writes c and its indexes, removing old's first.
func putCustomer(tx *store.Tx, c Customer, old *Customer) error {
	if old != nil {
		if err := unindexCustomer(tx, *old); err != nil {
			return err
		}
	}
	if c.CreditCode != "" {
		if err := tx.ClaimUnique("customer", "credit_code", c.CreditCode, c.ID); err != nil {
			return err
		}
	}
	for _, ix := range customerIndexes(c) {
		if err := tx.AddIndex("customer", ix[0], ix[1], c.ID); err != nil {
			return err
		}
	}
	return tx.PutJSON(customerKey(c.ID), c)
}

func unindexCustomer(tx *store.Tx, c Customer) error {
	if c.CreditCode != "" {
		if err := tx.ReleaseUnique("customer", "credit_code", c.CreditCode); err != nil {
			return err
		}
	}
	for _, ix := range customerIndexes(c) {
		if err := tx.RemoveIndex("customer", ix[0], ix[1], c.ID); err != nil {
			return err
		}
	}
	return nil
}
