package search

import (
	"strings"
	"testing"
)

// relevanceCase is one query against testdata/corpus.json: every id in
// want must be found, none in not may be found at all, and first, when
// set, must be the top hit.
type relevanceCase struct {
	q     string
	want  []string
	not   []string
	first string
}

var relevanceCases = []relevanceCase{
	// Sales vocabulary, 2 to 6 characters.
	{q: "续约条款", want: []string{"f-renewal-exact", "f-renewal-apart"},
		not: []string{"f-renewal-scattered"}, first: "f-renewal-exact"},
	{q: "续约", want: []string{"f-renewal-exact", "f-renewal-apart", "f-renewal-adjacent"},
		not: []string{"f-renewal-scattered"}},
	{q: "条款", want: []string{"f-renewal-exact", "f-renewal-apart", "f-renewal-adjacent"},
		not: []string{"f-renewal-scattered"}},
	{q: "账期", want: []string{"f-payterm-90", "f-payterm-cash", "p-chenjing"},
		not: []string{"f-budget-tight", "f-renewal-exact"}},
	{q: "账期90天", want: []string{"f-payterm-90"}, not: []string{"f-payterm-cash"}},
	{q: "国产替代", want: []string{"f-domestic-1", "f-domestic-2", "c-fangzhou", "p-sunhao"},
		not: []string{"f-budget-ok"}},
	{q: "预算", want: []string{"f-budget-tight", "f-budget-ok", "f-edu", "p-huangli", "c-tianqiong", "f-hotel"},
		not: []string{"f-payterm-90"}},
	{q: "竞品", want: []string{"f-competitor-1", "f-competitor-2", "f-lost", "p-zhengkai"},
		not: []string{"f-budget-ok"}},
	{q: "交付周期", want: []string{"f-competitor-1", "f-delivery-1", "p-wugang"},
		not: []string{"f-hotel", "f-sku-other"}},
	{q: `"交付周期"`, want: []string{"f-competitor-1", "f-delivery-1", "p-wugang"},
		not: []string{"f-delivery-2"}},
	{q: "交期", want: []string{"f-energy"}, not: []string{"f-delivery-1"}},
	{q: "等保三级", want: []string{"f-poc", "f-security", "p-zhaomin"}, not: []string{"f-mingde"}},
	{q: "承兑汇票", want: []string{"f-payterm-cash"}, not: []string{"f-payterm-90"}},
	{q: "招标", want: []string{"f-tender", "f-ouyang"}, not: []string{"f-poc"}},
	{q: "框架协议", want: []string{"f-discount"}, not: []string{"f-tender"}},
	{q: "返点", want: []string{"f-discount"}, not: []string{"f-payment"}},
	{q: "验收", want: []string{"f-acceptance"}, not: []string{"f-payment"}},
	{q: "回款", want: []string{"f-payment", "p-chenjing", "f-contract-sign"}, not: []string{"f-acceptance"}},
	{q: "增值税专用发票", want: []string{"f-payment"}, not: []string{"f-acceptance"}},
	{q: "专票", want: []string{"f-payment"}},
	{q: "小程序", want: []string{"f-haike"}, not: []string{"f-api"}},
	{q: "知识产权", want: []string{"f-mingde", "c-mingde"}, not: []string{"f-credit"}},
	{q: "首付款", want: []string{"f-renewal-scattered"}, not: []string{"f-payterm-90"}},
	{q: "试点", want: []string{"f-food", "f-claim", "p-wangpeng"}, not: []string{"f-poc"}},
	{q: "客房控制系统", want: []string{"f-hotel", "p-tangjie"}, not: []string{"f-tender"}},
	{q: "调度系统", want: []string{"f-tender", "f-logistics", "p-zhouting"}, not: []string{"f-hotel"}},
	{q: "数据迁移", want: []string{"f-x5-pro", "p-zhangwei"}, not: []string{"f-payterm-90"}},
	{q: "私有化部署", want: []string{"c-huaxin", "p-zhangwei", "f-x5-pro"}, not: []string{"f-mingde"}},
	{q: "储能", want: []string{"c-zhongheng", "f-energy"}, not: []string{"c-beichen"}},
	{q: "冷链", want: []string{"c-qinghe", "f-acceptance"}, not: []string{"f-food"}},
	{q: "信用代码", want: []string{"f-credit"}, not: []string{"c-tongde"}},
	{q: "采购经理", want: []string{"p-lina"}, not: []string{"p-sunhao"}},
	{q: "技术总监", want: []string{"p-zhangwei"}, not: []string{"p-sunhao"}},
	{q: "总经理", want: []string{"p-wangjg", "p-linxue"}, not: []string{"p-lina"}},
	{q: "十万次", want: []string{"f-api"}},
	{q: "380万", want: []string{"f-contract-sign"}, not: []string{"f-payment"}},

	// Company names and addresses.
	{q: "华信", want: []string{"c-huaxin", "p-wangjg", "f-payment", "f-renewal-exact"},
		not: []string{"c-jinchuan"}},
	{q: "华信云科技有限公司", want: []string{"c-huaxin"}, not: []string{"c-jinchuan", "c-tianqiong"},
		first: "c-huaxin"},
	{q: "金川数科", want: []string{"c-jinchuan", "p-lina"}, not: []string{"c-huaxin"}},
	{q: "鼎盛精工", want: []string{"c-dingsheng", "p-liuyang"}, not: []string{"c-fangzhou"}},
	{q: "蓝海医疗", want: []string{"c-lanhai"}, not: []string{"c-huaxin"}},
	{q: "北辰物流", want: []string{"c-beichen", "f-tender", "f-logistics"}, not: []string{"c-qinghe"}},
	{q: "海客国际", want: []string{"c-haike"}, not: []string{"c-antai"}},
	{q: "深圳市南山区", want: []string{"c-huaxin"}, not: []string{"c-antai"}},
	{q: "南山区科技园", want: []string{"c-huaxin"}},
	{q: "苏州", want: []string{"c-jinchuan", "c-dingsheng"}, not: []string{"c-lanhai"}},

	// People.
	{q: "王总", want: []string{"p-wangjg", "f-renewal-exact", "f-phone-call", "f-wang-visit"},
		not: []string{"p-wangfang", "p-wangpeng"}},
	{q: "李经理", want: []string{"p-lina", "f-renewal-apart", "f-li-visit"}, not: []string{"p-lixiaolong"}},
	{q: "欧阳明", want: []string{"p-ouyang", "f-ouyang"}, not: []string{"p-xuming"}},
	{q: "陈静", want: []string{"p-chenjing", "f-renewal-apart", "f-phone-landline"}, not: []string{"p-zhaomin"}},
	{q: "张伟", want: []string{"p-zhangwei", "f-x5-pro"}, not: []string{"p-wangjg"}},

	// Single characters.
	{q: "王", want: []string{"p-wangjg", "p-wangfang", "p-wangpeng", "f-renewal-exact"},
		not: []string{"f-budget-tight"}},
	{q: "客", want: []string{"c-haike", "f-haike", "f-script"}, not: []string{"p-wangjg"}},

	// Product codes, Latin words, digits.
	{q: "SKU-1234", want: []string{"f-delivery-1", "f-sku-order", "f-fullwidth"}, not: []string{"f-sku-other"}},
	{q: "sku-1234", want: []string{"f-delivery-1", "f-sku-order", "f-fullwidth"}, not: []string{"f-sku-other"}},
	{q: "ＳＫＵ－１２３４", want: []string{"f-delivery-1", "f-sku-order", "f-fullwidth"}, not: []string{"f-sku-other"}},
	{q: "1234", want: []string{"f-delivery-1", "f-sku-order", "f-fullwidth"}, not: []string{"f-sku-other"}},
	{q: "SKU-5678", want: []string{"f-sku-order"}, not: []string{"f-delivery-1"}},
	{q: "X5", want: []string{"f-domestic-1", "f-sku-order", "f-x5-pro", "f-contract-sign", "p-majun"},
		not: []string{"f-sku-other"}},
	{q: "x5", want: []string{"f-domestic-1", "f-sku-order"}, not: []string{"f-sku-other"}},
	{q: "ｘ５", want: []string{"f-domestic-1", "f-sku-order"}, not: []string{"f-sku-other"}},
	{q: "X5 Pro", want: []string{"f-x5-pro"}, not: []string{"f-sku-order"}},
	{q: "X7", want: []string{"f-sku-other"}, not: []string{"f-sku-order"}},
	{q: "POC", want: []string{"f-competitor-2", "f-poc"}, not: []string{"f-budget-ok"}},
	{q: "poc", want: []string{"f-competitor-2", "f-poc"}},
	{q: "ERP", want: []string{"f-mixed-erp"}},
	{q: "SAP R/3", want: []string{"f-mixed-erp"}},
	{q: "RESTful API", want: []string{"f-mixed-erp"}, not: []string{"f-english"}},
	{q: "api", want: []string{"f-mixed-erp", "f-english", "f-api"}},
	{q: "OAuth2", want: []string{"f-api"}},
	{q: "Webhook", want: []string{"f-api"}},
	{q: "TMS", want: []string{"f-logistics"}},
	{q: "okta", want: []string{"f-english"}},
	{q: "Wang Fang", want: []string{"f-english"}, not: []string{"f-budget-ok"}},
	{q: "integration proposal", want: []string{"f-english"}},
	{q: "M8螺栓", want: []string{"f-unit"}},
	{q: "Φ12轴承", want: []string{"f-unit"}},
	{q: "script", want: []string{"f-script"}},

	// Phone numbers and credit codes.
	{q: "5678", want: []string{"p-wangjg", "f-phone-call", "p-wangpeng", "p-lixiaolong", "f-sku-order"},
		not: []string{"p-lina"}},
	{q: "13812345678", want: []string{"p-wangjg", "f-phone-call"}, not: []string{"p-wangpeng", "p-luoqian"}},
	{q: "138 1234 5678", want: []string{"p-wangjg", "f-phone-call"}, not: []string{"p-wangpeng", "p-luoqian"}},
	{q: "138-1234-5678", want: []string{"p-wangjg", "f-phone-call"}, not: []string{"p-wangpeng"}},
	{q: "１３８１２３４５６７８", want: []string{"p-wangjg", "f-phone-call"}, not: []string{"p-wangpeng"}},
	{q: "13877778888", want: []string{"p-majun", "f-fullwidth"}, not: []string{"p-luoqian"}},
	{q: "8888", want: []string{"p-majun", "f-fullwidth", "p-luoqian", "p-zhaomin"}, not: []string{"p-guoqiang"}},
	{q: "0512-6288-3366", want: []string{"p-chenjing", "f-phone-landline"}, not: []string{"p-zhouting"}},
	{q: "051262883366", want: []string{"p-chenjing", "f-phone-landline"}},
	{q: "3366", want: []string{"p-chenjing", "f-phone-landline"}},
	{q: "91420103MA4J3K2L1M", want: []string{"c-tongde", "f-credit"}, not: []string{"c-qinghe"}},
	{q: "91440300ma5f8k2q1x", want: []string{"c-huaxin"}, not: []string{"c-tongde"}},

	// Several terms: all must match.
	{q: "续约 条款", want: []string{"f-renewal-exact", "f-renewal-apart", "f-renewal-adjacent"},
		not: []string{"f-renewal-scattered"}, first: "f-renewal-exact"},
	{q: "续约　条款", want: []string{"f-renewal-exact", "f-renewal-apart"}, first: "f-renewal-exact"},
	{q: "华信 回款", want: []string{"f-payment"}, not: []string{"f-renewal-exact"}},
	{q: "王总 报价", want: []string{"f-wang-visit"}, not: []string{"f-phone-call"}},
	{q: "国产替代 X5", want: []string{"f-domestic-1"}, not: []string{"f-domestic-2"}},
	{q: "苏州 数控机床", want: []string{"c-dingsheng"}, not: []string{"c-jinchuan"}},
}

func TestRelevance(t *testing.T) {
	ix := corpusIndex(t)
	if len(relevanceCases) < 60 {
		t.Fatalf("got %d relevance cases, want at least 60", len(relevanceCases))
	}
	for _, c := range relevanceCases {
		t.Run(c.q, func(t *testing.T) {
			hits, _ := searchAll(t, ix, Request{Q: c.q, Scope: everything, Limit: MaxLimit})
			got := ids(hits)
			for _, id := range c.want {
				if indexOf(got, id) < 0 {
					t.Errorf("%q: %s not found; got %v", c.q, id, got)
				}
			}
			for _, id := range c.not {
				if i := indexOf(got, id); i >= 0 {
					t.Errorf("%q: unrelated %s found at rank %d; got %v", c.q, id, i+1, got)
				}
			}
			if c.first != "" && (len(got) == 0 || got[0] != c.first) {
				t.Errorf("%q: top hit %v, want %s", c.q, got, c.first)
			}
		})
	}
}

// Every hit of a one-character query contains that character.
func TestSingleCharacterHitsContainIt(t *testing.T) {
	ix := corpusIndex(t)
	for _, q := range []string{"客", "王", "款"} {
		hits, _ := searchAll(t, ix, Request{Q: q, Scope: everything, Limit: MaxLimit})
		if len(hits) == 0 {
			t.Errorf("%q: no hits", q)
		}
		for _, h := range hits {
			if !strings.Contains(string(h.Snippet), "<mark>"+q+"</mark>") {
				t.Errorf("%q: hit %s snippet %q lacks the marked character", q, h.ID, h.Snippet)
			}
		}
	}
}

// An exact phrase outranks the same words apart, which outrank nothing:
// characters that are merely scattered do not match at all.
func TestPhraseRanking(t *testing.T) {
	ix := corpusIndex(t)
	cases := []struct {
		q      string
		order  []string // must appear in this relative order
		absent []string
	}{
		{q: "续约条款", order: []string{"f-renewal-exact", "f-renewal-apart"},
			absent: []string{"f-renewal-scattered"}},
		{q: "续约 条款", order: []string{"f-renewal-exact", "f-renewal-adjacent", "f-renewal-apart"},
			absent: []string{"f-renewal-scattered"}},
		{q: "国产替代", order: []string{"f-domestic-1", "f-domestic-apart"}},
		{q: "交付周期", order: []string{"f-delivery-1", "f-delivery-2"}},
	}
	for _, c := range cases {
		hits, _ := searchAll(t, ix, Request{Q: c.q, Scope: everything, Limit: MaxLimit})
		got := ids(hits)
		prev := -1
		for _, id := range c.order {
			i := indexOf(got, id)
			if i < 0 || i < prev {
				t.Errorf("%q: got order %v, want %v in that order", c.q, got, c.order)
				break
			}
			prev = i
		}
		for _, id := range c.absent {
			if indexOf(got, id) >= 0 {
				t.Errorf("%q: %s has the characters only scattered but matched; got %v", c.q, id, got)
			}
		}
	}
}

// Length normalisation must not let a short note with the words apart beat
// a long note with the exact phrase.
func TestPhraseBeatsShortApart(t *testing.T) {
	ix := openTest(t)
	long := strings.Repeat("今天上门拜访客户，讨论了系统上线后的培训安排和售后响应时间。", 12) +
		"最后谈到续约条款。"
	put(t, ix,
		Doc{Type: TypeFollowUp, ID: "long-exact", Text: []string{long}, OwnerID: "u"},
		Doc{Type: TypeFollowUp, ID: "short-apart", Text: []string{"续约没问题，条款再议。"}, OwnerID: "u"},
	)
	for _, q := range []string{"续约条款", "续约 条款"} {
		hits, _ := searchAll(t, ix, Request{Q: q, Scope: everything})
		if got := ids(hits); len(got) != 2 || got[0] != "long-exact" {
			t.Errorf("%q: got %v, want long-exact first of 2", q, got)
		}
	}
}
