enum PostureCollectPlaceholder {}
