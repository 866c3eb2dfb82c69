/** Entry point of the dashboard bundle: registers the elements. */
import './app/sagitta-app.js';
