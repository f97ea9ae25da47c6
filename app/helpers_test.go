package app_test

import "newsbridge/store"

func storeFilter(sourceID int64) store.ArticleFilter { return store.ArticleFilter{SourceID: sourceID} }
