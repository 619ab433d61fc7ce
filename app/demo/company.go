package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/frontline-crm/frontline/app/customer"
)

// company is one generated customer before it is written. Everything in
// it comes from its own random source (seed, index), so the same seed
// gives the same companies however many workers write them.
type company struct {
	city     *city
	pool     bool
	level    string
	weight   float64 // its share of the follow-ups
	name     string
	key      string // name without its legal form, for uniqueness
	code     string
	industry string
	source   string
	phone    string
	address  string
	products []string
	contacts []person
}

// person is a contact at a generated company.
type person struct {
	name, short, title, role, mobile, wechat string
}

// companyRand is customer i's own random source.
func companyRand(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(i)))
}

// profile draws what decides a customer's share of the follow-ups; it
// is the first thing drawn from the customer's source.
func profile(r *rand.Rand) company {
	c := company{city: pickCity(r), pool: r.IntN(5) == 0}
	c.level = weighted(r, []string{"A", "B", "C"}, []int{20, 45, 35})
	c.weight = map[string]float64{"A": 1.6, "B": 1, "C": 0.6}[c.level] * (0.5 + r.Float64())
	if c.pool {
		c.weight *= 0.25
	}
	return c
}

// describe draws the rest of the company after its profile.
func describe(r *rand.Rand, c *company) {
	c.industry = pick(r, c.city.industry)
	c.name, c.key = companyName(r, c.city, c.industry)
	d := pick(r, c.city.districts)
	c.code = creditCode(r, d)
	c.source = weightedText(r, sources)
	if c.pool && r.IntN(2) == 0 {
		c.source = pick(r, []string{"展会", "官网咨询"})
	}
	if r.IntN(100) < 85 {
		c.phone = c.city.areaCode + "-" + string(rune('2'+r.IntN(7))) + digits(r, 7)
	}
	if r.IntN(100) < 90 {
		c.address = fmt.Sprintf("%s市%s%s%d号", c.city.region, d.name, pick(r, d.streets), 1+r.IntN(899))
	}
	c.products = []string{pick(r, productLines)}
	if p := pick(r, productLines); r.IntN(3) == 0 && p != c.products[0] {
		c.products = append(c.products, p)
	}
	c.contacts = people(r, 1+r.IntN(3)+r.IntN(2))
}

func pickCity(r *rand.Rand) *city {
	total := 0
	for _, c := range cities {
		total += c.weight
	}
	n := r.IntN(total)
	for i := range cities {
		if n < cities[i].weight {
			return &cities[i]
		}
		n -= cities[i].weight
	}
	return &cities[len(cities)-1]
}

// companyName is e.g. 杭州恒远精密机械有限公司; key drops the legal form.
func companyName(r *rand.Rand, c *city, industry string) (name, key string) {
	prefix := c.prefix
	if c.province != "" && r.IntN(5) == 0 {
		prefix = c.province
	}
	a := r.IntN(len(brandChars))
	b := (a + 1 + r.IntN(len(brandChars)-1)) % len(brandChars)
	key = prefix + string(brandChars[a]) + string(brandChars[b]) + pick(r, trades[industry])
	return key + weightedText(r, suffixes), key
}

// creditCode makes a valid unified social credit code of a company
// registered in district d: 9 (market regulation), 1 (company), the
// district, then a GB 11714 organisation code, numeric for companies
// registered before 2015 and MA… after.
func creditCode(r *rand.Rand, d district) string {
	body := digits(r, 8)
	if r.IntN(3) > 0 {
		body = "MA" + chars(r, 6, "0123456789ABCDEFGHJKLMNPQRTUWXY")
	}
	return customer.CompleteCreditCode("91" + d.code + body + orgCheck(body))
}

// orgCheck is the GB 11714 check character of an organisation code body.
func orgCheck(body string) string {
	weights := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, ch := range body {
		v := int(ch - '0')
		if ch >= 'A' {
			v = int(ch-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return "X"
	case 11:
		return "0"
	default:
		return string(rune('0' + c))
	}
}

// people draws n contacts, the decision maker usually first.
func people(r *rand.Rand, n int) []person {
	roles := append([]string(nil), contactRoles...)
	if r.IntN(4) == 0 {
		roles[0], roles[1] = roles[1], roles[0]
	}
	r.Shuffle(len(roles)-2, func(i, j int) { roles[i+2], roles[j+2] = roles[j+2], roles[i+2] })
	used := map[string]bool{}
	var out []person
	for _, role := range roles[:min(n, len(roles))] {
		p := person{role: role}
		for p.name == "" || used[p.name] {
			surname := string(pick(r, surnames))
			rt := roleTitles[role]
			p.name, p.short, p.title = surname+pick(r, givenNames), surname+rt.address, pick(r, rt.titles)
		}
		used[p.name] = true
		p.mobile = mobile(r)
		if r.IntN(3) == 0 {
			p.wechat = "wxid_" + strings.ToLower(chars(r, 8, "abcdefghjkmnpqrstuvwxyz23456789"))
		}
		out = append(out, p)
	}
	return out
}

// mobile is a mobile number written the way people type them.
func mobile(r *rand.Rand) string {
	n := pick(r, mobilePrefixes) + digits(r, 8)
	switch r.IntN(5) {
	case 0:
		return n[:3] + " " + n[3:7] + " " + n[7:]
	case 1:
		return n[:3] + "-" + n[3:7] + "-" + n[7:]
	case 2:
		return "+86 " + n
	}
	return n
}

func digits(r *rand.Rand, n int) string { return chars(r, n, "0123456789") }

func chars(r *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

func weighted(r *rand.Rand, items []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return items[i]
		}
		n -= w
	}
	return items[len(items)-1]
}

func weightedText(r *rand.Rand, items []struct {
	text   string
	weight int
}) string {
	texts, weights := make([]string, len(items)), make([]int, len(items))
	for i, it := range items {
		texts[i], weights[i] = it.text, it.weight
	}
	return weighted(r, texts, weights)
}
