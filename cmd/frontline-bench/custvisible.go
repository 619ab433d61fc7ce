package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// settleTime is how long the benchmark waits after the server is ready
// before asking what each rep sees: at start the server's pool-recycling
// job returns up to 200 long-untouched customers to their region's pool,
// and a rep may no longer see such a customer (say one in Shanghai).
const settleTime = 3 * time.Second

// customerPage is the part of a customer list page the benchmark reads.
type customerPage struct {
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// listVisible replaces each rep's customers by those the running server
// lists for them ("my customers"), page by page.
func listVisible(client *http.Client, base string, d *customerData) error {
	time.Sleep(settleTime)
	for _, r := range d.reps {
		ids, err := listOwn(client, base, r)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return fmt.Errorf("customers: the server lists no customers for %s", r.email)
		}
		r.customers = ids
	}
	return nil
}

func listOwn(client *http.Client, base string, r *actor) ([]string, error) {
	var ids []string
	cursor := ""
	for {
		page, err := getPage(client, base+"/api/v1/customers?limit=200&cursor="+url.QueryEscape(cursor), r)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			ids = append(ids, c.ID)
		}
		if page.NextCursor == "" {
			return ids, nil
		}
		cursor = page.NextCursor
	}
}

func getPage(client *http.Client, u string, r *actor) (customerPage, error) {
	var page customerPage
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return page, err
	}
	req.Header = bearerOf(r)
	resp, err := client.Do(req)
	if err != nil {
		return page, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return page, fmt.Errorf("GET %s as %s: status %d", u, r.email, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return page, fmt.Errorf("GET %s: decode: %w", u, err)
	}
	return page, nil
}
