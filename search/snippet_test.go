package search

import (
	"context"
	"strings"
	"testing"
)

func TestSnippetEscapesText(t *testing.T) {
	ix := corpusIndex(t)
	res, err := ix.Search(context.Background(), Request{Q: "script", Scope: everything})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 {
		t.Fatalf("got %d hits, want 1", len(res.Items))
	}
	s := string(res.Items[0].Snippet)
	if strings.Contains(s, "<script") || strings.Contains(s, "alert('x')</") {
		t.Errorf("snippet %q contains unescaped markup", s)
	}
	if !strings.Contains(s, "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)") {
		t.Errorf("snippet %q, want the escaped tag with the match marked", s)
	}
}

func TestSnippet(t *testing.T) {
	cases := []struct {
		name  string
		texts []string
		title string
		q     string
		want  string
	}{
		{"phrase marked whole", []string{"和王总谈了续约条款。"}, "", "续约条款",
			"和王总谈了<mark>续约条款</mark>。"},
		{"relaxed match marks parts", []string{"续约没问题，付款条款再议。"}, "", "续约条款",
			"<mark>续约</mark>没问题，付款<mark>条款</mark>再议。"},
		{"prefers body over title", []string{"华信云 — 拜访", "华信云的王总"}, "华信云 — 拜访", "华信云",
			"<mark>华信云</mark>的王总"},
		{"full-width text, half-width query", []string{"订单：ＳＫＵ－１２３４ 五十件"}, "", "sku-1234",
			"订单：<mark>ＳＫＵ－１２３４</mark> 五十件"},
		{"phone suffix", []string{"手机13812345678"}, "", "5678",
			"手机1381234<mark>5678</mark>"},
		{"phone in groups", []string{"电话 138 1234 5678 找王总"}, "", "13812345678",
			"电话 <mark>138 1234 5678</mark> 找王总"},
		{"white space collapsed", []string{"第一行\n\n第二行 续约"}, "", "续约",
			"第一行 第二行 <mark>续约</mark>"},
		{"no match shows the start", []string{"没有匹配的内容"}, "", "续约", "没有匹配的内容"},
		{"long text is cut around the match",
			[]string{strings.Repeat("甲", 100) + "续约" + strings.Repeat("乙", 200)}, "", "续约",
			"…" + strings.Repeat("甲", 30) + "<mark>续约</mark>" + strings.Repeat("乙", 88) + "…"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			terms, err := parseQuery(c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(snippet(c.texts, c.title, terms)); got != c.want {
				t.Errorf("snippet = %q, want %q", got, c.want)
			}
		})
	}
}
