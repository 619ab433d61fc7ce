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
//	idx/customer/rsl/<region>|<status>|<level>/<id> filtered lists in regions
//	idx/customer/sl/<status>|<level>/<id>    filtered lists across all regions
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
	out := [][2]string{{"owner", owner}, {"region", c.RegionID}, {"status", c.Status},
		{"rsl", rslValue(c.RegionID, c.Status, c.Level)}, {"sl", slValue(c.Status, c.Level)}}
	if c.Phone != "" {
		out = append(out, [2]string{"phone", c.Phone})
	}
	if c.Flagged {
		out = append(out, [2]string{"flagged", "1"})
	}
	out = append(out, touchIndex(c)...)
	return append(out, [2]string{"name", c.RegionID + "|" + nameKey(c.Name)})
}

// putCustomer writes c and its indexes. With old, it touches only what
// changed: entries only old had are removed, entries only c has are
// added, and the credit-code claim moves only when the code changed.
func putCustomer(tx *store.Tx, c Customer, old *Customer) error {
	stale := map[[2]string]bool{}
	if old != nil {
		for _, ix := range customerIndexes(*old) {
			stale[ix] = true
		}
		if old.CreditCode != "" && old.CreditCode != c.CreditCode {
			if err := tx.ReleaseUnique("customer", "credit_code", old.CreditCode); err != nil {
				return err
			}
		}
	}
	if c.CreditCode != "" && (old == nil || old.CreditCode != c.CreditCode) {
		if err := tx.ClaimUnique("customer", "credit_code", c.CreditCode, c.ID); err != nil {
			return err
		}
	}
	for _, ix := range customerIndexes(c) {
		if stale[ix] {
			delete(stale, ix)
			continue
		}
		if err := tx.AddIndex("customer", ix[0], ix[1], c.ID); err != nil {
			return err
		}
	}
	for ix := range stale {
		if err := tx.RemoveIndex("customer", ix[0], ix[1], c.ID); err != nil {
			return err
		}
	}
	return tx.PutJSON(customerKey(c.ID), c)
}

// rslValue and slValue are the values of the filtered-list indexes: a
// list filtered by status or level reads only the customers that match,
// merging one prefix per region, status and level in question (see
// filteredPrefixes) instead of walking every customer.
func rslValue(region, status, level string) string { return region + "|" + slValue(status, level) }

func slValue(status, level string) string { return status + "|" + level }
