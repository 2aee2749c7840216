/// <reference types="vite/client" />
// The node tsconfig also type-checks src/ui (for unit tests); this gives it `?worker` imports.
