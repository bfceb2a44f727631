"""The web app (`newsprism serve`, issue 23): stories, articles and search over a store."""
