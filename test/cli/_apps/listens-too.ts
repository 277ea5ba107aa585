// listens.ts again, for `phial run`: a module's top level runs once per test file, at its first import.
import { App } from 'phial'

export const app = new App()
app.get('/', function index() {
  return 'listens too'
})
export const server = await app.listen(8000)
