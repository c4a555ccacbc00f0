import { Module } from '@nestjs/common';
import { ContactsRepository } from './contacts.repository';

@Module({ providers: [ContactsRepository], exports: [ContactsRepository] })
export class ContactsModule {}
