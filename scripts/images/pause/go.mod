module fincoach.dev/pause

go 1.22
