package engine

import (
	"context"

	"newsbridge/model"
)

// TranslateBatches is the Translate of an HTTP engine that accepts at most
// maxTexts texts and maxBytes bytes a request: it checks the pair, sends
// the texts in batches through one, and joins the answers in order.
func TranslateBatches(ctx context.Context, name string, req model.EngineRequest, maxTexts, maxBytes int,
	one func(ctx context.Context, req model.EngineRequest) ([]string, error)) ([]string, error) {
	if req.Pair.From == "" || req.Pair.To == "" {
		return nil, model.Errorf(model.EInvalid, "%s: language pair %q is incomplete", name, req.Pair.String())
	}
	out := make([]string, 0, len(req.Texts))
	for _, batch := range SplitBatches(req.Texts, maxTexts, maxBytes) {
		res, err := one(ctx, req.WithTexts(batch))
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}
