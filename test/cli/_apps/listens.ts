// A module that serves itself at import, as the README's first example does. Under the phial command
// app.listen() warns and starts nothing; `server` is what the call resolved to.
import { App } from 'phial'

export const app = new App()
app.get('/', function index() {
  return 'listens'
})
export const server = await app.listen(8000)
