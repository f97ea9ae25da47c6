module newsbridge

go 1.26.8
