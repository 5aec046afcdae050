enum PostureHostPlaceholder {}
