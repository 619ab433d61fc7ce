package search

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"
)

// benchDocs generates follow-ups from the corpus vocabulary.
func benchDocs(n int) []Doc {
	words := []string{"续约条款", "账期", "国产替代", "预算", "竞品", "交付周期", "王总", "李经理",
		"SKU-1234", "X5", "招标", "报价", "样机", "回款", "验收", "培训", "售后", "门店", "试点"}
	r := rand.New(rand.NewSource(1))
	docs := make([]Doc, n)
	for i := range docs {
		note := ""
		for j := 0; j < 12; j++ {
			note += words[r.Intn(len(words))] + "，客户表示需要再讨论"
		}
		docs[i] = Doc{Type: TypeFollowUp, ID: fmt.Sprintf("f%07d", i), Title: "拜访",
			Text: []string{note}, OwnerID: fmt.Sprintf("u%d", i%100), RegionID: fmt.Sprintf("r%d", i%10),
			OccurredAt: time.Unix(int64(1.7e9)+int64(i)*600, 0)}
	}
	return docs
}

func BenchmarkSearch(b *testing.B) {
	ix, err := Open(filepath.Join(b.TempDir(), "index"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	docs := benchDocs(20000)
	for i := 0; i < len(docs); i += 1000 {
		put(b, ix, docs[i:i+1000]...)
	}
	for _, q := range []string{"续约条款", "王", "sku-1234 预算"} {
		for _, scope := range []Scope{{All: true}, {OwnerID: "u7", PoolRegions: []string{"r7"}}} {
			b.Run(fmt.Sprintf("%s/all=%v", q, scope.All), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					_, err := ix.Search(context.Background(), Request{Q: q, Scope: scope})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkApply(b *testing.B) {
	ix, err := Open(filepath.Join(b.TempDir(), "index"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	docs := benchDocs(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		put(b, ix, docs...)
	}
}
