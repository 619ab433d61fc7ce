package web

import "github.com/frontline-crm/frontline/app/access"

// navLink is one entry of the sidebar or the phone tab bar.
type navLink struct {
	ID    string // matched against View.Active
	Href  string
	Label string // locale key
	Icon  string
	// Section starts a labelled group in the sidebar.
	Section string
	// Primary marks the one raised centre tab of the phone tab bar.
	Primary bool
}

// navItem is a module's entry, shown to the roles that may use it. Later
// modules add theirs to navItems.
type navItem struct {
	navLink
	roles []access.Role // empty: everyone
	tab   bool          // also a phone tab
}

var navItems = []navItem{
	{navLink: navLink{ID: "home", Href: "/", Label: "nav.home", Icon: "home"}, tab: true},
	{navLink: navLink{ID: "customers", Href: "/customers", Label: "nav.customers", Icon: "building"},
		roles: []access.Role{access.Rep, access.Manager, access.Director, access.Presales, access.Legal,
			access.Finance}, tab: true},
	{navLink: navLink{ID: "conflicts", Href: "/conflicts", Label: "nav.conflicts", Icon: "alert-triangle"},
		roles: []access.Role{access.Manager, access.Director, access.Admin}},
	{navLink: navLink{ID: "followup", Href: "/followups/new", Label: "nav.followup_new", Icon: "pen-line",
		Primary: true}, roles: []access.Role{access.Rep, access.Manager, access.Director, access.Presales},
		tab: true},
	{navLink: navLink{ID: "users", Href: "/admin/users", Label: "nav.users", Icon: "users", Section: "nav.section.admin"},
		roles: []access.Role{access.Admin, access.Director, access.Manager}, tab: true},
	{navLink: navLink{ID: "regions", Href: "/admin/regions", Label: "nav.regions", Icon: "map"},
		roles: []access.Role{access.Admin}},
	{navLink: navLink{ID: "audit", Href: "/admin/audit", Label: "nav.audit", Icon: "shield"},
		roles: []access.Role{access.Admin}},
	{navLink: navLink{ID: "customer_settings", Href: "/admin/settings/customer", Label: "nav.customer_settings",
		Icon: "settings"}, roles: []access.Role{access.Admin}},
	{navLink: navLink{ID: "profile", Href: "/profile", Label: "nav.profile", Icon: "user"}, tab: true},
}

// navFor returns the sidebar and tab-bar entries p may use.
func navFor(p *access.Principal) (nav, tabs []navLink) {
	section := ""
	for _, it := range navItems {
		if len(it.roles) > 0 && p.RequireAny(it.roles...) != nil {
			continue
		}
		link := it.navLink
		if link.Section == section {
			link.Section = ""
		} else if link.Section != "" {
			section = link.Section
		}
		if it.tab {
			tabs = append(tabs, it.navLink)
		}
		if link.ID != "profile" {
			nav = append(nav, link)
		}
	}
	return nav, tabs
}
