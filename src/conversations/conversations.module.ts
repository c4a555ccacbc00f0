import { Module } from '@nestjs/common';
import { ConversationsRepository } from './conversations.repository';
import { MessagesRepository } from './messages.repository';

@Module({ providers: [ConversationsRepository, MessagesRepository], exports: [ConversationsRepository, MessagesRepository] })
export class ConversationsModule {}
