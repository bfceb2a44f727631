"""Tell the story: a timeline of dated events and a neutral summary whose every sentence cites its outlets."""
