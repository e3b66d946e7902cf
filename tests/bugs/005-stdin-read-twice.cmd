salix --as-of 2024-05-20 - -
