// A module whose app is its default export, and another app under a name.
import { App } from 'phial'

const app = new App()
app.get('/', () => 'default')
export default app

export const empty = new App()
