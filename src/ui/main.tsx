import { createRoot } from 'react-dom/client';

// TODO(#2): the explorer shell replaces this this session.
const root = document.getElementById('root');
if (root) createRoot(root).render(<p>Intercept Explorer</p>);
