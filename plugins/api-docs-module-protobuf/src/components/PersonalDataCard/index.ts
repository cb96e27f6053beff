export { PersonalDataCard } from './PersonalDataCard';
