package engine

import (
	"context"

	"newsbridge/model"
)

// TranslateBatches is the Translate of an HTTP engine that accepts at most
// maxTexts texts and maxBytes bytes a request: it checks the pair, sends
// the texts in batches through one, and joins the answers in order.
func TranslateBatches(ctx context.Context, name string, pair model.Pair, texts []string, maxTexts, maxBytes int,
	one func(ctx context.Context, pair model.Pair, batch []string) ([]string, error)) ([]string, error) {
	if pair.From == "" || pair.To == "" {
		return nil, model.Errorf(model.EInvalid, "%s: language pair %q is incomplete", name, pair.String())
	}
	out := make([]string, 0, len(texts))
	for _, batch := range SplitBatches(texts, maxTexts, maxBytes) {
		res, err := one(ctx, pair, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}
